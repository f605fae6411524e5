/**
 * Calls between threads on one port: a call carries an id, its answer the same id. Answers come
 * in any order; messages on one port arrive in the order posted.
 */
export interface CallMessage {
  kind: "call";
  id: number;
  method: string;
  args: unknown[];
}

export interface ReplyMessage {
  kind: "reply";
  id: number;
  result?: unknown;
  error?: string;
}

interface Waiting {
  resolve(result: unknown): void;
  reject(error: Error): void;
  /** What the call's own side messages are given to (MinerThread.mine: `opened`). */
  onNote?: () => void;
}

/** The calling side: each call waits for its reply; once failed, every call waiting and later fails. */
export class Calls {
  private readonly post: (message: CallMessage) => void;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(post: (message: CallMessage) => void) {
    this.post = post;
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  call(method: string, args: unknown[] = [], onNote?: () => void): Promise<unknown> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject, onNote });
      this.post({ kind: "call", id, method, args });
    });
  }

  /** A side message for call `id` (it is still waiting). */
  noted(id: number): void {
    this.waiting.get(id)?.onNote?.();
  }

  settle({ id, result, error }: ReplyMessage): void {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    if (error === undefined) waiting?.resolve(result);
    else waiting?.reject(new Error(error));
  }

  fail(why: string): void {
    if (this.failure !== undefined) return;
    this.failure = new Error(why);
    for (const waiting of this.waiting.values()) waiting.reject(this.failure);
    this.waiting.clear();
  }
}

export type Handlers = Record<string, (id: number, ...args: any[]) => unknown>;

/** The answering side: runs the call's handler and posts its result, or its error's message. */
export async function answerCall(call: CallMessage, handlers: Handlers, post: (reply: ReplyMessage) => void) {
  try {
    const handler = handlers[call.method];
    if (handler === undefined) throw new Error(`no such call: ${call.method}`);
    post({ kind: "reply", id: call.id, result: await handler(call.id, ...call.args) });
  } catch (error) {
    post({ kind: "reply", id: call.id, error: (error as Error)?.message ?? String(error) });
  }
}
