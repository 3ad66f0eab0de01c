import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The files the gateway serves as they are, read once at boot:
 * - the demo page (page/index.html, page/app.css), which tools/build.mjs copies beside this
 *   file's build (dist/apps/gateway/src/demo/page/);
 * - the chat widget's browser bundle, built from libs/widget by tools/build-widget.mjs into
 *   dist/widget/ (this file runs from dist/apps/gateway/src/demo/). A gateway started
 *   without a build of the widget serves 404 for it, and says so.
 */
export const PAGE_DIR = join(__dirname, 'page');
export const WIDGET_DIR = resolve(__dirname, '../../../../widget');

export interface StaticAsset {
  body: Buffer;
  contentType: string;
}

export const PAGE_FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

export const WIDGET_FILES: Record<string, string> = {
  'widget.js': 'text/javascript; charset=utf-8',
  'widget.js.map': 'application/json; charset=utf-8',
  'widget.css': 'text/css; charset=utf-8',
};

/** The files of `contentTypes` (name → Content-Type) that exist in `dir`. */
export function loadStaticAssets(dir: string, contentTypes: Record<string, string>): Map<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  for (const [name, contentType] of Object.entries(contentTypes)) {
    const path = join(dir, name);
    if (existsSync(path)) assets.set(name, { body: readFileSync(path), contentType });
  }
  return assets;
}
