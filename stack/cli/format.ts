import { databaseUrl } from '../config/instance.ts';
import { ANON_KEY, JWT_SECRET, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY } from '../config/keys.ts';

/** The table `supabase status` prints, for this stack's ports. */
export function statusTable(apiPort: number, dbPort: number, mailPort: number): string {
  const api = `http://127.0.0.1:${apiPort}`;
  const rows: [string, string][] = [
    ['API URL', api],
    ['REST URL', `${api}/rest/v1`],
    ['GraphQL URL', `${api}/graphql/v1`],
    ['Functions URL', `${api}/functions/v1`],
    ['Realtime URL', `${api.replace('http', 'ws')}/realtime/v1`],
    ['Storage URL', `${api}/storage/v1`],
    ['DB URL', databaseUrl(dbPort)],
    ['Mail URL', `http://127.0.0.1:${mailPort}`],
    ['Publishable key', PUBLISHABLE_KEY],
    ['Secret key', SECRET_KEY],
    ['JWT secret', JWT_SECRET],
    ['anon key', ANON_KEY],
    ['service_role key', SERVICE_ROLE_KEY],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padStart(width)}: ${value}`).join('\n');
}
