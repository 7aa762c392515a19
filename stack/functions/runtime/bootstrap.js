/* global Deno */
// Runs one Edge Function inside Deno the way Supabase's edge-runtime does: the function calls
// `Deno.serve(handler)` (or exports `default { fetch }`), and we bind that handler to the unix
// socket the stack routes to, whatever port or hostname the function asked for. A handler that
// throws answers 500 JSON in edge-runtime's shape instead of killing the worker.

const entry = Deno.env.get('HC_FUNCTION_ENTRY');
const socket = Deno.env.get('HC_FUNCTION_SOCKET');
Deno.env.delete('HC_FUNCTION_ENTRY');
Deno.env.delete('HC_FUNCTION_SOCKET');

const internalError = () =>
  Response.json(
    { code: 'Internal Server Error', message: 'Request failed due to an internal server error' },
    { status: 500 },
  );

function guard(handler) {
  return async (request, info) => {
    try {
      return await handler(request, info);
    } catch (error) {
      console.error(error);
      return internalError();
    }
  };
}

const serve = Deno.serve.bind(Deno);
let served = false;

Deno.serve = (...args) => {
  const [first, second] = args;
  const options = typeof first === 'function' ? (second ?? {}) : (first ?? {});
  const handler = typeof first === 'function' ? first : (second ?? first?.handler);
  if (typeof handler !== 'function') throw new TypeError('Deno.serve needs a handler function');
  if (served) throw new Error('An Edge Function serves one handler; Deno.serve was called twice');
  served = true;
  return serve(
    {
      path: socket,
      signal: options.signal,
      onListen() {},
      onError(error) {
        console.error(error);
        return internalError();
      },
    },
    guard(handler),
  );
};

const module = await import(entry);
if (!served && typeof module.default?.fetch === 'function') {
  Deno.serve((request, info) => module.default.fetch(request, info));
}
if (!served) {
  console.error(`${entry} neither calls Deno.serve nor exports default { fetch }`);
  Deno.exit(1);
}
