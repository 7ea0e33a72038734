// Announced at start-up, then fails to load: callers that waited for it learn it is not deployed.
export default { fetch() { return new Response("never" }
