import assert from 'node:assert/strict';
import {test} from 'node:test';
import {checkRunCommand} from '../../source/run/check-command.js';

const imageFiles = ['/workspace/setup.py', '/workspace/experiments/shapes.py', '/workspace/experiments/faust_direct.py', '/workspace/gem_cnn/__init__.py'];
const gpu = {sifName: 'gem-cnn.sif', gpus: 1, coretype: 'aquamarine_v3', imageFiles};

test('/experiments/shapes.py against an image holding /workspace/experiments/shapes.py is caught, with the fix', () => {
	const {errors} = checkRunCommand('apptainer run --nv gem-cnn.sif python /experiments/shapes.py', gpu);
	assert.deepEqual(errors, ['/experiments/shapes.py is not in the image; it holds /workspace/experiments/shapes.py. Use: apptainer run --nv gem-cnn.sif python /workspace/experiments/shapes.py']);
	assert.deepEqual(checkRunCommand('apptainer run --nv gem-cnn.sif python /workspace/experiments/shapes.py --epochs 3', gpu), {errors: [], warnings: []});
});

test('a relative script path is explained: the job starts in work/shared, not in the image', () => {
	const {errors} = checkRunCommand('apptainer run --nv gem-cnn.sif python experiments/shapes.py', gpu);
	assert.match(errors[0]!, /experiments\/shapes.py is a relative path.*\/workspace\/experiments\/shapes.py/);
});

test('the command must run the input image; --nv must match the coretype', () => {
	assert.match(checkRunCommand('apptainer run --nv other.sif', gpu).errors[0]!, /runs other.sif, but the job's input image is gem-cnn.sif/);
	assert.match(checkRunCommand('python train.py', gpu).errors[0]!, /runs no .sif image/);
	assert.match(checkRunCommand('apptainer run gem-cnn.sif', gpu).warnings[0]!, /without --nv the container cannot see them/);
	assert.match(checkRunCommand('apptainer run --nv gem-cnn.sif', {...gpu, gpus: 0, coretype: 'emerald'}).warnings[0]!, /emerald has no GPU/);
});

test('without a file list only the image and --nv are checked', () => {
	assert.deepEqual(checkRunCommand('apptainer run --nv gem-cnn.sif python /anything.py', {...gpu, imageFiles: undefined}), {errors: [], warnings: []});
});

test('the script of sh -c is checked by its own words: a right path passes, a wrong one is caught with the fix', () => {
	assert.deepEqual(checkRunCommand(`apptainer run --nv gem-cnn.sif sh -c 'python /workspace/experiments/shapes.py > out.txt 2>&1'`, gpu), {errors: [], warnings: []});
	assert.deepEqual(checkRunCommand(`apptainer run --nv gem-cnn.sif sh -c 'python /workspace/experiments/shapes.py'`, gpu), {errors: [], warnings: []});
	const {errors} = checkRunCommand(`apptainer run --nv gem-cnn.sif sh -c 'python /experiments/shapes.py ; echo done'`, gpu);
	assert.deepEqual(errors, [`/experiments/shapes.py is not in the image; it holds /workspace/experiments/shapes.py. Use: apptainer run --nv gem-cnn.sif sh -c 'python /workspace/experiments/shapes.py ; echo done'`]);
});
