import type { ServerResponse } from 'node:http';

/** The gateway's own error answers, worded as Kong words them. */
export const gatewayErrors = {
  notFound: { status: 404, message: 'no Route matched with those values' },
  badGateway: { status: 502, message: 'An invalid response was received from the upstream server' },
} as const;

export type GatewayError = (typeof gatewayErrors)[keyof typeof gatewayErrors];

export function sendError(
  res: ServerResponse,
  error: GatewayError,
  extra: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(error.status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ message: error.message, ...extra }));
}

/** A service that has not been started in this stack answers 503, naming itself. */
export function sendUnavailable(res: ServerResponse, service: string): void {
  res.writeHead(503, { 'content-type': 'application/json; charset=utf-8' });
  res.end(
    JSON.stringify({
      message: `The ${service} service is not available in this stack`,
      service,
    }),
  );
}
