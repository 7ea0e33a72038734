export default {
  fetch() {
    throw new Error("target blew up");
  },
};
