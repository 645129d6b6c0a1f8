import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DISTRICT_DIR = path.join(REPO, 'data', 'build');
export const FIXTURES = path.join(REPO, 'server', 'test', 'fixtures');
