import { describe, expect, it } from 'vitest';
import { matchRoute } from './routes.ts';

describe('gateway routes', () => {
  it('strips the service prefix as Kong does', () => {
    expect(matchRoute('/rest/v1/doctors?select=*')).toEqual({
      service: 'rest',
      path: '/doctors?select=*',
    });
    expect(matchRoute('/functions/v1/book-appointment')).toMatchObject({
      service: 'functions',
      path: '/book-appointment',
    });
    expect(matchRoute('/realtime/v1/websocket?apikey=x')).toMatchObject({
      service: 'realtime',
      path: '/socket/websocket?apikey=x',
    });
    expect(matchRoute('/realtime/v1/api/broadcast')).toMatchObject({
      service: 'realtime',
      path: '/api/broadcast',
    });
    expect(matchRoute('/graphql/v1')).toMatchObject({ service: 'rest', path: '/rpc/graphql' });
  });

  it('matches nothing outside the API prefixes', () => {
    expect(matchRoute('/')).toBeUndefined();
    expect(matchRoute('/restful/v1')).toBeUndefined();
  });
});
