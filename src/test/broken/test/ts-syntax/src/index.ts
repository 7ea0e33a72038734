// A TypeScript file with a syntax error on line 9, column 19.
type Shape = {
  kind: "circle" | "square";
  size: number;
};

export default {
  fetch(request: Request): Response {
    const x = 1 + ;
    return new Response("unreachable " + x);
  },
};
