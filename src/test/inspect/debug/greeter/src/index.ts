// debug/greeter: the RPC target InspectorTest breaks in. The types before greet() are stripped by
// the compiler, so the generated JavaScript lines differ from these: only the source map finds them.

interface Greeting {
  message: string;
  long: boolean;
}

type Env = {
  W7S_REPOSITORY: string;
};

function greet(name: string): Greeting {
  const message: string = `hello ${name}`;
  return { message, long: name.length > 5 }; // breakpoint
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const name = new URL(request.url).searchParams.get("name") ?? "nobody";
    return Response.json({ ...greet(name), from: env.W7S_REPOSITORY });
  },
};
