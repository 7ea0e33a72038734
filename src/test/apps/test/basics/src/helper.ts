export const helperName: string = "helper.ts via ./helper.js";
