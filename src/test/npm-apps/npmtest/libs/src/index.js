// Three packages of many ES modules each, used through their main entry: the host combines each into
// one module at deploy time, and the answers must be those of the separate modules. yup's ES build
// imports { getter, setter } from property-expr, a CommonJS module that exports an object literal.
import * as R from "ramda";
import { of, map, filter, firstValueFrom, toArray } from "rxjs";
import { z } from "zod";
import * as yup from "yup";

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
    return Response.json({ sum, stream, valid, issues, required, names: [R.curry.name, z.object.name] });
  },
};
