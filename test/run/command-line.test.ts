import assert from 'node:assert/strict';
import {test} from 'node:test';
import {splitCommandLine} from '../../source/run/command-line.js';

function refusal(line: string): string {
	const split = splitCommandLine(line);
	assert.ok(!split.ok, `${line} was taken as words: ${JSON.stringify(split)}`);
	return `${split.message} ${split.hint}`;
}

test('a second command, a pipe, a redirection or a substitution is refused, naming what was found and the sh -c way', () => {
	const cases: Array<[string, RegExp]> = [
		['python /workspace/experiments/shapes.py ; rm -rf /tmp/x', /has ; \(a second command\)/],
		['python /workspace/experiments/shapes.py && echo done', /has && \(a second command\)/],
		['python a.py || true', /has \|\| \(a second command\)/],
		['python a.py\necho done', /has a new line \(a second command\)/],
		['python a.py | tee log.txt', /has \| \(a pipe\)/],
		['python a.py > out.txt 2>&1', /has > \(a redirection\)/],
		['python a.py 2>&1', /has 2>&1 \(a redirection\)/],
		['python a.py>out.txt', /has > \(a redirection\)/],
		['python a.py < in.txt', /has < \(a redirection\)/],
		['python a.py &', /has & \(a background command\)/],
		['python a.py $(cat args)', /has \$\( \(a command substitution\)/],
		['python a.py "$(cat args)"', /has \$\( \(a command substitution\)/],
		['python a.py `cat args`', /has ` \(a command substitution\)/],
		['(python a.py)', /has \( \(a subshell\)/],
		['python a.py # the long run', /has # \(a comment\)/],
	];
	for (const [line, found] of cases) {
		const said = refusal(line);
		assert.match(said, found, line);
		assert.match(said, /no shell runs it: apptainer run hands its words to the image as they are/, line);
		assert.ok(said.endsWith(`If you need a shell, make the command: sh -c '${line.replaceAll('\n', '; ')}'`), said);
	}
});

test('an unterminated quote is refused, not read to the end of the line', () => {
	assert.match(refusal('python a.py --name "my run'), /a " quote that is never closed/);
	assert.match(refusal("python a.py --name 'my run"), /a ' quote that is never closed/);
	assert.match(refusal(String.raw`python a.py --name "my run\"`), /a " quote that is never closed/);
});

test('quotes and backslashes group words as sh would; shell characters inside them, or inside a word, are plain text', () => {
	assert.deepEqual(splitCommandLine(String.raw`python a.py --name 'my run; rm -rf /' --tag "x \"y\" \$z" a\ b --lr=1e-3 x#y 50%`), {ok: true, words: ['python', 'a.py', '--name', 'my run; rm -rf /', '--tag', 'x "y" $z', 'a b', '--lr=1e-3', 'x#y', '50%']});
	assert.deepEqual(splitCommandLine(`sh -c 'python /workspace/experiments/shapes.py > out.txt 2>&1 ; echo done'`), {ok: true, words: ['sh', '-c', 'python /workspace/experiments/shapes.py > out.txt 2>&1 ; echo done']});
	assert.deepEqual(splitCommandLine('  '), {ok: true, words: []});
	assert.deepEqual(splitCommandLine(`python '' ""`), {ok: true, words: ['python', '', '']});
});

test('a variable or a home folder (~), bare or in double quotes, is refused: no shell expands it, and sh -c in single quotes would', () => {
	const cases: Array<[string, string, RegExp]> = [
		['python train.py --data $HOME/data', '$HOME', /has \$HOME \(a variable, expanded only by a shell\).*python would get the text \$HOME, not its value\./],
		['python train.py --data=${DATA}/x', '${DATA}', /has \$\{DATA\} \(a variable, expanded only by a shell\)/],
		['python train.py --seed $1', '$1', /has \$1 \(a variable/],
		['python train.py --code $?', '$?', /has \$\? \(a variable/],
		['python train.py --data "$HOME/data"', '$HOME', /has \$HOME \(a variable/],
		['python train.py --name "run ${RUN:-one}"', '${RUN:-one}', /has \$\{RUN:-one\} \(a variable/],
		[String.raw`python train.py --name "a\\$HOME"`, '$HOME', /has \$HOME \(a variable/],
		['ls ~', '~', /has ~ \(a home folder, turned into its path only by a shell\).*ls would get the text ~, not the folder's path\./],
		['python train.py --data ~/data', '~', /has ~ \(a home folder/],
		['python train.py --data ~alice/data', '~alice', /has ~alice \(a home folder/],
		['python train.py ~alice', '~alice', /has ~alice \(a home folder/],
	];
	for (const [line, found, said] of cases) {
		const split = splitCommandLine(line);
		assert.ok(!split.ok, line);
		assert.match(split.message, said, line);
		assert.ok(split.message.startsWith(`The command has ${found} (`), split.message);
		assert.match(split.message, /no shell runs it: apptainer run hands its words to the image as they are/, line);
		assert.equal(split.hint, `A shell expands it if you make the command: sh -c '${line}'`, line);
	}

	assert.equal(refusal(`python train.py --tag 'x' --data $HOME`).split(' A shell ')[1], String.raw`expands it if you make the command: sh -c 'python train.py --tag '\''x'\'' --data $HOME'`);
});

test('a variable or ~ in single quotes or after a backslash, a lone $, $ before a space or /, and ~ inside a word are plain text', () => {
	assert.deepEqual(splitCommandLine(String.raw`echo '$HOME' '~/data' \$HOME \~ "\$HOME" "cost \$1"` + " '${X}'"), {ok: true, words: ['echo', '$HOME', '~/data', '$HOME', '~', '$HOME', 'cost $1', '${X}']});
	assert.deepEqual(splitCommandLine('echo costs 5$ $ $/x "$" "a $ b" 50$%'), {ok: true, words: ['echo', 'costs', '5$', '$', '$/x', '$', 'a $ b', '50$%']});
	assert.deepEqual(splitCommandLine('python a.py --data=~/data a~b ~"x"'), {ok: true, words: ['python', 'a.py', '--data=~/data', 'a~b', '~x']});
	assert.deepEqual(splitCommandLine(String.raw`echo "\$(date)"`), {ok: true, words: ['echo', '$(date)']});
});

test('the script of a shell given -c is read by that shell: its variables, ~, $((...)), wildcards and quoted substitutions are accepted there', () => {
	const cases: Array<[string, string[]]> = [
		['sh -c "echo $HOME"', ['sh', '-c', 'echo $HOME']],
		['bash -lc "cd ~/x && python $HOME/a.py"', ['bash', '-lc', 'cd ~/x && python $HOME/a.py']],
		['/bin/bash -ec "python a.py --seed $((1+1)) --data *.csv"', ['/bin/bash', '-ec', 'python a.py --seed $((1+1)) --data *.csv']],
		['bash --norc -o pipefail -c "echo $(date)"', ['bash', '--norc', '-o', 'pipefail', '-c', 'echo $(date)']],
		['busybox sh -c "ls ~"', ['busybox', 'sh', '-c', 'ls ~']],
		['zsh -c $HOME/run.sh', ['zsh', '-c', '$HOME/run.sh']],
		['dash -c ~/run.sh data', ['dash', '-c', '~/run.sh', 'data']],
	];
	for (const [line, words] of cases) {
		assert.deepEqual(splitCommandLine(line), {ok: true, words}, line);
	}
});

test('outside the script of sh -c a shell\'s expansions stay refused, and ; && | > stay refused even after sh -c', () => {
	const cases: Array<[string, RegExp]> = [
		['python $HOME/a.py', /has \$HOME \(a variable/],
		['sh a.sh $HOME', /has \$HOME \(a variable/],
		['bash -l "$HOME/a.sh"', /has \$HOME \(a variable/],
		['sh -c "echo $0" $HOME', /has \$HOME \(a variable/],
		['python -c "print(1)" $HOME', /has \$HOME \(a variable/],
		['shell -c "echo $HOME"', /has \$HOME \(a variable/],
		['sh -c "echo hi" && python a.py', /has && \(a second command\)/],
		['sh -c echo;ls', /has ; \(a second command\)/],
		['bash -c "python a.py" > out.txt', /has > \(a redirection\)/],
		['bash -c "python a.py" | tee log', /has \| \(a pipe\)/],
	];
	for (const [line, said] of cases) {
		assert.match(refusal(line), said, line);
	}
});

test('an unquoted wildcard is refused like a variable, naming the word and both ways out: quote it, or sh -c; quoted or escaped it is plain text', () => {
	const cases: Array<[string, string]> = [
		['python *.csv', '*.csv'],
		['python train.py --data data/?.txt', 'data/?.txt'],
		['cat [ab].txt', '[ab].txt'],
		['python train.py --files=results/*', '--files=results/*'],
	];
	for (const [line, word] of cases) {
		const split = splitCommandLine(line);
		assert.ok(!split.ok, line);
		assert.ok(split.message.startsWith(`The command has ${word} (a wildcard, matched against file names only by a shell), but no shell runs it: `), split.message);
		assert.ok(split.message.endsWith(`would get the text ${word}, not the files it matches.`), split.message);
		assert.equal(split.hint, `To pass it as it is, quote it: '${word}'. For a shell to expand it, make the command: sh -c '${line}'`, line);
	}

	assert.deepEqual(splitCommandLine(String.raw`python '*.csv' "data/?.txt" \[ab\].txt a\*b [ -f x ]`), {ok: true, words: ['python', '*.csv', 'data/?.txt', '[ab].txt', 'a*b', '[', '-f', 'x', ']']});
});

test('$((1+1)) is named an arithmetic expansion, bare or in double quotes, not a command substitution', () => {
	for (const line of ['python a.py --seed $((1+1))', 'python a.py --seed "$((1+1))"']) {
		const split = splitCommandLine(line);
		assert.ok(!split.ok, line);
		assert.ok(split.message.startsWith('The command has $((1+1)) (an arithmetic expansion, worked out only by a shell), but no shell runs it'), split.message);
		assert.match(split.message, /python would get the text \$\(\(1\+1\)\), not its value\.$/);
		assert.equal(split.hint, `A shell expands it if you make the command: sh -c '${line}'`);
	}
});
