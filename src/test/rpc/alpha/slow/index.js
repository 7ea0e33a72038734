// Never answers: the caller must get 504 target_timeout.
export default {
  fetch() {
    return new Promise(() => {});
  },
};
