// The runscript folder rule (README, "conversion"): the image's own program runs in the final
// WORKDIR, as with docker run; a command given in place of CMD runs where apptainer run starts.
// Each case builds the def into a root and runs its %runscript there from the job folder /job.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {withBuild} from '../helpers/build-dockerfile.js';

/** A python stand-in that says where it runs and whether it finds its script. */
const python = {'python:3.12-slim': {programs: {'/usr/local/bin/python': 'echo "$(pwd) $*"; if [ -n "$1" ] && [ -f "$1" ]; then echo found; fi'}}};

describe('the image\'s own command runs in the final WORKDIR (issue 11, item 5)', () => {
	test('CMD with no arguments runs in WORKDIR and finds main.py; a replacing command stays in the job folder', () => {
		withBuild(['FROM python:3.12-slim', 'WORKDIR /app', 'COPY main.py .', 'CMD ["python", "main.py"]'], {images: python, context: {'main.py': 'print(1)\n'}}, built => {
			assert.equal(built.run([], '/job').stdout, '/app main.py\nfound\n');
			assert.equal(built.run(['python', '-V'], '/job').stdout, '/job -V\n');
		});
	});

	test('an ENTRYPOINT runs in WORKDIR, with CMD or the given arguments', () => {
		withBuild(['FROM python:3.12-slim', 'WORKDIR /app', 'COPY main.py .', 'ENTRYPOINT ["python"]', 'CMD ["main.py"]'], {images: python, context: {'main.py': 'print(1)\n'}}, built => {
			assert.equal(built.run([], '/job').stdout, '/app main.py\nfound\n');
			assert.equal(built.run(['other.py'], '/job').stdout, '/app other.py\n');
		});
	});

	test('without a WORKDIR the runscript does not change folder', () => {
		withBuild(['FROM python:3.12-slim', 'CMD ["python", "x"]'], {images: python}, built => {
			assert.equal(built.run([], '/job').stdout, '/job x\n');
			assert.ok(!built.def.includes('cd '));
		});
	});

	test('the note states the rule and that the image is read-only', () => {
		withBuild(['FROM python:3.12-slim', 'WORKDIR /app', 'CMD ["python", "main.py"]'], {images: python}, built => {
			const note = built.notes.find(candidate => candidate.line === 3)?.message ?? '';
			assert.match(note, /changes to \/app/);
			assert.match(note, /runs in the folder apptainer run starts in/);
			assert.match(note, /read-only/);
		});
	});
});
