import { connect, type Socket } from 'node:net';

/** A raw TCP connection to an http:// URL's host and port. */
export function open(url: string): Promise<Socket> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect({ host: u.hostname, port: Number(u.port) }, () => resolve(s));
    s.on('error', reject);
  });
}

/** Resolves when the server closes the socket; bounded so a server that never does fails. */
export function closedWithin(s: Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (s.destroyed || s.readableEnded) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    s.on('error', () => undefined);
    s.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
