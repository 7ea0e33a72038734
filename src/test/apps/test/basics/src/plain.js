export const plainName = "plain.js";
