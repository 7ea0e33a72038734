export const libName: string = "lib/index.ts";
