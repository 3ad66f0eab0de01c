import { Controller, Get, Header, Logger, Param, Res } from '@nestjs/common';
import { AppError } from '@eloquent/contracts';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { PAGE_CSS } from './assets/page.css';
import { PAGE_HTML } from './assets/page.html';
import { loadWidgetAssets } from './widget-assets';

/**
 * GET / : a demo help-center page that embeds the chat widget; GET /widget/widget.js and
 * /widget/widget.css : the widget itself, for any site's `<script>` tag.
 */
@ApiExcludeController()
@Controller()
export class DemoController {
  private readonly widget = loadWidgetAssets();

  constructor() {
    if (!this.widget.has('widget.js')) new Logger('Demo').warn('widget.js is not built (npm run build): /widget/widget.js answers 404');
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return PAGE_HTML;
  }

  @Get('demo/app.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  styles(): string {
    return PAGE_CSS;
  }

  /** Embedded by other sites: loadable cross-origin (helmet's default resource policy is same-origin). */
  @Get('widget/:file')
  widgetAsset(@Param('file') file: string, @Res() res: Response): void {
    const asset = this.widget.get(file);
    if (!asset) throw new AppError('NOT_FOUND', `No widget file ${file}`);
    res.status(200).set({ 'Content-Type': asset.contentType, 'Cache-Control': 'no-cache', 'Cross-Origin-Resource-Policy': 'cross-origin' }).send(asset.body);
  }
}
