import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PAGE_CSS } from './assets/page.css';
import { PAGE_HTML } from './assets/page.html';
import { PAGE_JS } from './assets/page.js';

/** GET / : a small chat page on the socket.io client, to try the gateway in a browser. */
@ApiExcludeController()
@Controller()
export class DemoController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return PAGE_HTML;
  }

  @Get('demo/app.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return PAGE_JS;
  }

  @Get('demo/app.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  styles(): string {
    return PAGE_CSS;
  }
}
