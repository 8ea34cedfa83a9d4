import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root, however the test runner was started. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const repoPath = (...parts: string[]): string => join(REPO_ROOT, ...parts);
