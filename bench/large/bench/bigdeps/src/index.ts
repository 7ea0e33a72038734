// Imports two large packages whole (about 1,000 modules between them), as apps that use one
// function of a utility library often do.
import * as dates from "date-fns";
import * as _ from "lodash-es";

export default {
  fetch(request: Request): Response {
    const day = dates.format(new Date(Date.UTC(2026, 10, 30)), "yyyy-MM-dd");
    return Response.json({ day, words: _.words(new URL(request.url).pathname.replaceAll("/", " ")) });
  },
};
