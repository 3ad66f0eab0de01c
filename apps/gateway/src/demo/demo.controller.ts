import { Controller, Get, Logger, Param, Res } from '@nestjs/common';
import { AppError } from '@eloquent/contracts';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { loadStaticAssets, PAGE_DIR, PAGE_FILES, WIDGET_DIR, WIDGET_FILES, type StaticAsset } from './static-assets';

/**
 * GET / : a demo help-center page that embeds the chat widget (page/index.html, its
 * stylesheet page/app.css at /demo/app.css); GET /widget/widget.js and /widget/widget.css :
 * the widget itself, for any site's `<script>` tag.
 */
@ApiExcludeController()
@Controller()
export class DemoController {
  private readonly page = loadStaticAssets(PAGE_DIR, PAGE_FILES);
  private readonly widget = loadStaticAssets(WIDGET_DIR, WIDGET_FILES);

  constructor() {
    for (const name of Object.keys(PAGE_FILES)) {
      if (!this.page.has(name)) throw new Error(`The demo page's ${name} is missing from ${PAGE_DIR} (npm run build copies it there)`);
    }
    if (!this.widget.has('widget.js')) new Logger('Demo').warn('widget.js is not built (npm run build): /widget/widget.js answers 404');
  }

  @Get()
  index(@Res() res: Response): void {
    this.sendPage(res, 'index.html');
  }

  @Get('demo/app.css')
  styles(@Res() res: Response): void {
    this.sendPage(res, 'app.css');
  }

  /** Embedded by other sites: loadable cross-origin (helmet's default resource policy is same-origin). */
  @Get('widget/:file')
  widgetAsset(@Param('file') file: string, @Res() res: Response): void {
    const asset = this.widget.get(file);
    if (!asset) throw new AppError('NOT_FOUND', `No widget file ${file}`);
    send(res, asset, { 'Cache-Control': 'no-cache', 'Cross-Origin-Resource-Policy': 'cross-origin' });
  }

  private sendPage(res: Response, name: string): void {
    const asset = this.page.get(name);
    if (!asset) throw new AppError('NOT_FOUND', `No page file ${name}`);
    send(res, asset, { 'Cache-Control': 'no-cache' });
  }
}

function send(res: Response, asset: StaticAsset, headers: Record<string, string>): void {
  res
    .status(200)
    .set({ 'Content-Type': asset.contentType, ...headers })
    .send(asset.body);
}
