// `npm run bench`: every benchmark, one table each. Numbers, not pass/fail.
import { benchRestLatency } from './rest-latency.ts';
import { benchStackStart } from './stack-start.ts';

console.log('Stack start-up (2 cores):');
console.table(await benchStackStart());
console.log('REST read latency, gateway vs direct PostgREST:');
console.table(await benchRestLatency());
