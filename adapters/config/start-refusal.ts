/**
 * Why a service cannot start, for the operator to act on: a setting names
 * something this machine cannot give (a port another process holds). Its
 * message is the whole story, in one line naming the setting and what to
 * do; main.ts prints it alone, without the driver's code or a stack.
 */
export class StartRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartRefusal';
  }
}
