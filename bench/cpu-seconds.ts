import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}));

/** CPU time (user + system, all threads) a process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
	// The command name in parentheses may hold spaces: fields are counted after its closing one.
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// utime and stime are fields 14 and 15 of proc(5); the first after the name is field 3.
	return (Number(fields[14 - 3]) + Number(fields[15 - 3])) / ticksPerSecond;
}
