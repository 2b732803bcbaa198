// The worker thread of ThreadedSmtpSender (smtp-thread.ts), in plain JavaScript so that it loads under any
// runner (tsx's loader does not reach worker threads on Node 20). It only talks SMTP: a pooled nodemailer
// transport sends the finished messages it is given and answers with the server's verdict.
import { parentPort, workerData } from 'node:worker_threads';
import nodemailer from 'nodemailer';

const { url, maxConnections } = workerData;
const transport = nodemailer.createTransport({ url, pool: true, maxConnections, maxMessages: Infinity });
parentPort.on('message', (job) => {
  if (job === 'close') {
    transport.close();
    parentPort.close();
    return;
  }
  transport.sendMail({ envelope: job.envelope, raw: job.raw }).then(
    () => parentPort.postMessage({ n: job.n }),
    (e) => parentPort.postMessage({ n: job.n, error: { message: e?.message ?? String(e), responseCode: e?.responseCode, code: e?.code } }),
  );
});
