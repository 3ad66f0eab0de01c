import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The chat widget's browser bundle, built from libs/widget by tools/build-widget.mjs into
 * dist/widget/ (this file runs from dist/apps/gateway/src/demo/). Read once at boot; a
 * gateway started without a build of the widget serves 404 for it, and says so.
 */
const WIDGET_DIR = resolve(__dirname, '../../../../widget');

export interface WidgetAsset {
  body: Buffer;
  contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
  'widget.js': 'text/javascript; charset=utf-8',
  'widget.js.map': 'application/json; charset=utf-8',
  'widget.css': 'text/css; charset=utf-8',
};

export function loadWidgetAssets(dir = WIDGET_DIR): Map<string, WidgetAsset> {
  const assets = new Map<string, WidgetAsset>();
  for (const [name, contentType] of Object.entries(CONTENT_TYPES)) {
    const path = join(dir, name);
    if (existsSync(path)) assets.set(name, { body: readFileSync(path), contentType });
  }
  return assets;
}
