/** Folders the web layer serves or renders from, found from this file (ESM has no __dirname). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VIEWS_DIR = join(PROJECT_ROOT, 'views');
export const PUBLIC_DIR = join(PROJECT_ROOT, 'public');
export const EXAMPLES_DIR = join(PROJECT_ROOT, 'examples');
/** chart.js's dist folder in node_modules (holds chart.umd.min.js): no CDN. */
export const CHART_JS_DIR = dirname(createRequire(import.meta.url).resolve('chart.js'));
