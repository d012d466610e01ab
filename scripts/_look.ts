import { launchBrowser } from './browser.ts';
const { context, close } = await launchBrowser();
const page = context.pages()[0] ?? await context.newPage();
const log: string[] = [];
page.on('console', (m) => log.push(`console ${m.type()}: ${m.text()}`));
page.on('request', (r) => log.push(`req ${r.method()} ${r.url().slice(0, 120)}`));
page.on('response', (r) => log.push(`res ${r.status()} ${r.url().slice(0, 100)}`));
await page.goto(process.argv[2] ?? 'http://127.0.0.1:4010/');
await page.waitForTimeout(2500);
await page.screenshot({ path: '/tmp/shot1.png' });
const frame = page.frames().find((f) => f.url().startsWith('http://localhost:4000'));
console.log('frame url', frame?.url());
if (frame) {
  await frame.getByRole('button', { name: /share a calendar/ }).click();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: '/tmp/shot2.png', fullPage: true });
  await frame.getByRole('button', { name: 'Send to experts' }).click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/shot3.png' });
}
console.log(log.join('\n'));
await close();
