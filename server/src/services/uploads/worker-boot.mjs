// The entry of an upload worker thread. Workers do not inherit the parent's module hooks, so tsx is
// registered here (the server runs its TypeScript through tsx, in `npm start`, dev and tests alike),
// then the TypeScript worker is imported.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
