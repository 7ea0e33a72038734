// Three packages of many ES modules each, used through their main entry: the host combines each into
// one module at deploy time, and the answers must be those of the separate modules. yup's ES build
// imports { getter, setter } from property-expr, a CommonJS module that exports an object literal. React's
// entry is `module.exports = require(...)`, chosen by process.env.NODE_ENV.
import * as R from "ramda";
import { of, map, filter, firstValueFrom, toArray } from "rxjs";
import { z } from "zod";
import * as yup from "yup";
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";

const schema = z.object({ name: z.string().min(2), age: z.number().int() });

export default {
  async fetch() {
    const sum = R.pipe(R.map(R.inc), R.filter(R.gt(R.__, 2)), R.sum)([1, 2, 3, 4]);
    const stream = await firstValueFrom(of(1, 2, 3, 4).pipe(map((x) => x * 10), filter((x) => x > 10), toArray()));
    const valid = schema.safeParse({ name: "Al", age: 3 }).success;
    const issues = schema.safeParse({ name: "A", age: 3.5 }).error.issues.map((issue) => issue.code);
    let required = null;
    try {
      yup.object({ n: yup.number().required() }).validateSync({});
    } catch (e) {
      required = e.errors;
    }
    const html = renderToString(h("ul", null, ["a", "b"].map((x) => h("li", { key: x }, x))));
    return Response.json({ sum, stream, valid, issues, required, html, names: [R.curry.name, z.object.name] });
  },
};
