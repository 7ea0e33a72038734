type Config = { required: string };

const config: Config | undefined = undefined;

function check(c: Config | undefined): Config {
  if (!c) throw new Error("config missing at load time");
  return c;
}

check(config);

export default { fetch: () => new Response("never") };
