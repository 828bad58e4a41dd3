// Which user system units run the jobs as (`User=`). Never root by accident: the jobs write the
// master, the logs and the reports in the shop's folder, and files root leaves there lock the
// owner out. Run by a normal user: that user. Under sudo: the user who ran sudo. As root
// otherwise: the owner of the config file. Root only when asked for by name (--run-as root).
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { usageError } from '../../core/errors.js';

export interface Invoker {
  uid: number | undefined;
  username: string;
  sudoUser: string | undefined;
}

export function currentInvoker(env: NodeJS.ProcessEnv = process.env): Invoker {
  return { uid: process.getuid?.(), username: os.userInfo().username, sudoUser: env.SUDO_USER };
}

export function jobUser(configFile: string, flag: string | undefined, who: Invoker = currentInvoker()): string {
  if (flag) return flag;
  if (who.uid !== 0) return who.username;
  if (who.sudoUser && who.sudoUser !== 'root') return who.sudoUser;
  const owner = statSync(configFile).uid;
  if (owner !== 0) return userName(owner) ?? String(owner);
  throw usageError(`The jobs would run as root: ${configFile} belongs to root and omni was not started through sudo.`,
    'Name the user the jobs run as with `--run-as USER` (it must be able to write the config folder), or `--run-as root` if that is what you want.');
}

/** The name /etc/passwd gives a uid (systemd also takes the number itself). */
function userName(uid: number): string | undefined {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f.length > 2 && Number(f[2]) === uid) return f[0];
    }
  } catch { /* no /etc/passwd: the number will do */ }
  return undefined;
}
