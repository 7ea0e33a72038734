export default { hello() { return "no fetch here"; } };
