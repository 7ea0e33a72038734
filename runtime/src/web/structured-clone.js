// structuredClone (HTML §2.7) on top of @ungap/structured-clone; errors become DataCloneError.
import { serialize, deserialize } from "@ungap/structured-clone";
import { DOMException } from "./dom-exception.js";

export function structuredClone(value, options = undefined) {
  if (arguments.length < 1) {
    throw new TypeError("Failed to execute 'structuredClone': 1 argument required, but only 0 present.");
  }
  if (options !== undefined && options !== null && typeof options !== "object") {
    throw new TypeError("structuredClone: options must be an object");
  }
  let records;
  try {
    records = serialize(value);
  } catch (e) {
    throw new DOMException(`${e && e.message ? e.message : e}: value could not be cloned`, "DataCloneError");
  }
  return deserialize(records);
}
