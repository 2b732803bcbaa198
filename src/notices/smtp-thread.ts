// The SMTP client in a worker thread. A notice run is CPU-bound on one thread: composing and recording the
// notices, and for each message nodemailer's SMTP exchange and socket writes (about a quarter of a millisecond
// of CPU). With several pooled connections, the exchange runs here in its own thread, on the machine's other
// core, while the main thread claims, builds and records. The main thread keeps every decision and every
// record (claims, outcomes, the uncertain window, the fault-injection points): this thread only talks SMTP and
// answers with the server's verdict (smtp-thread-worker.mjs).
import { Worker } from 'node:worker_threads';

/** What the mailer needs of an SMTP client: nodemailer's Transporter fits. */
export interface SmtpSender {
  sendMail(mail: { envelope: { from: string; to: string[] }; raw: string }): Promise<unknown>;
  close(): void;
}

/** The messages exchanged with smtp-thread-worker.mjs. */
interface Job {
  n: number;
  envelope: { from: string; to: string[] };
  raw: string;
}
interface Reply {
  n: number;
  error?: { message: string; responseCode?: number; code?: string };
}

/** A pooled SMTP client running in a worker thread. */
export class ThreadedSmtpSender implements SmtpSender {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(): void; reject(e: Error): void }>();
  private n = 0;
  /** why the thread is gone (closed, or died): later messages fail at once */
  private stopped: Error | null = null;

  constructor(url: string, maxConnections: number) {
    this.worker = new Worker(new URL('./smtp-thread-worker.mjs', import.meta.url), { workerData: { url, maxConnections } });
    this.worker.unref();
    this.worker.on('message', (r: Reply) => {
      const p = this.pending.get(r.n);
      if (!p) return;
      this.pending.delete(r.n);
      if (!this.pending.size) this.worker.unref();
      if (r.error) p.reject(Object.assign(new Error(r.error.message), { responseCode: r.error.responseCode, code: r.error.code }));
      else p.resolve();
    });
    // the thread died (it should not): every message waiting on it failed, to be retried with backoff
    const fail = (e: Error) => {
      this.stopped ??= e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`SMTP thread stopped (exit code ${code})`)));
  }

  sendMail(mail: { envelope: { from: string; to: string[] }; raw: string }): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.stopped) return reject(this.stopped);
      const n = ++this.n;
      this.pending.set(n, { resolve, reject });
      // a reply outstanding keeps the process alive; an idle thread does not
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ n, envelope: mail.envelope, raw: mail.raw } satisfies Job);
    });
  }

  close(): void {
    this.stopped ??= new Error('SMTP client closed');
    this.worker.postMessage('close');
  }
}
