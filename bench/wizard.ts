// Prints the wizard's performance figures next to their baselines (issue 12): the median time to its
// first frame in a real terminal (tmux), and to step 1 with its findings (Ink's first frame), next to
// `node -e` printing a line; and the CPU the wizard uses while following a sandbox job at --speed 1
// next to the 2 % goal.
// Run with `npm run bench:wizard` (it builds first); needs tmux and Linux's /proc.
// RUNS (9) first-frame runs each; MEASURE (60) seconds of following.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {medianTimesToScreen} from './first-frame.js';
import {followCpuPercent} from './follow-cpu.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.RUNS ?? 9);
const seconds = Number(process.env.MEASURE ?? 60);
const wizard = `${process.execPath} ${path.join(root, 'dist/cli.js')} wizard ${path.join(root, 'examples/gauge-equivariant-mesh-cnn')}`;

const [baseline] = medianTimesToScreen(`${process.execPath} -e "console.log('READY')"`, ['READY'], runs);
// The header comes first, drawn before Ink loads; the findings come with Ink's first frame.
const [firstFrame, findings] = medianTimesToScreen(wizard, ['Step 1/5', 'error(s)'], runs);
const following = await followCpuPercent(`${wizard} --sandbox --speed 1`, seconds);
console.log(`first frame (Step 1/5)    median ${firstFrame!.toFixed(0).padStart(5)} ms   node -e printing a line: median ${baseline!.toFixed(0)} ms (${runs} runs each; goal <= 400 ms)`);
console.log(`step 1 with its findings  median ${findings!.toFixed(0).padStart(5)} ms   (Ink's first frame, same runs)`);
console.log(`following a sandbox job   ${following.toFixed(2).padStart(8)} %    of one core over ${seconds} s at --speed 1 (goal < 2 %)`);
