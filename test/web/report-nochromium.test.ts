/** Without Chromium the PDF answers 503 with the command that installs it (the page itself still works). */
import request from 'supertest';
import { describe, expect, it } from 'vitest';

process.env.CHROMIUM_PATH = '/nonexistent/chromium';

describe('report PDF without Chromium', () => {
  it('is 503 naming apt-get install -y chromium', async () => {
    const { appWithFixture } = await import('./helpers.js');
    const { app } = appWithFixture();
    const res = await request(app).get('/cities/kota-contoh/report.pdf').expect(503);
    expect(res.text).toContain('apt-get update &amp;&amp; apt-get install -y chromium');
    await request(app).get('/cities/kota-contoh/report').expect(200);
  });
});
