import {randomUUID} from 'node:crypto';

/**
 * Reads and writes SIF (Singularity Image Format, spec 01) containers: a 128-byte global header,
 * a table of 585-byte descriptors and the data objects they point to, all little-endian and
 * packed, as sylabs/sif lays them out. The sandbox uses it to produce images that siftool lists.
 */
export const sifDataTypes = {deffile: 0x40_01, environment: 0x40_02, labels: 0x40_03, partition: 0x40_04} as const;

export type SifDataType = keyof typeof sifDataTypes;

export type SifObject = {
	type: SifDataType;
	data: Buffer;
	name?: string;
	/** Partitions only: file system (1 squashfs, 4 raw) and partition type (2 primary system). */
	fsType?: number;
	partitionType?: number;
};

export type SifDescriptor = {type: SifDataType | 'unknown'; id: number; groupId: number; offset: number; size: number; name: string; fsType?: number; partitionType?: number};

export type SifImage = {created: Date; arch: string; descriptors: SifDescriptor[]};

const launchScript = '#!/usr/bin/env run-singularity\n';
const headerSize = 128;
const descriptorSize = 585;
const descriptorCount = 48;
const descriptorsOffset = 4096;
const dataOffset = 32_768;
const defaultGroup = 0xF0_00_00_01;
const amd64 = '02';

export function writeSif(objects: SifObject[], created = new Date()): Buffer {
	const seconds = BigInt(Math.floor(created.getTime() / 1000));
	const layout: Array<{object: SifObject; offset: number; padded: number}> = [];
	let cursor = dataOffset;
	for (const object of objects) {
		const alignment = object.type === 'partition' ? 4096 : 8;
		const offset = Math.ceil(cursor / alignment) * alignment;
		const padded = object.data.length + (offset - cursor);
		layout.push({object, offset, padded});
		cursor = offset + object.data.length;
	}

	const image = Buffer.alloc(cursor);
	const header = image.subarray(0, headerSize);
	header.write(launchScript, 0, 'latin1');
	header.write('SIF_MAGIC', 32, 'latin1');
	header.write('01', 42, 'latin1');
	header.write(amd64, 45, 'latin1');
	Buffer.from(randomUUID().replaceAll('-', ''), 'hex').copy(header, 48);
	header.writeBigInt64LE(seconds, 64);
	header.writeBigInt64LE(seconds, 72);
	header.writeBigInt64LE(BigInt(descriptorCount - objects.length), 80);
	header.writeBigInt64LE(BigInt(descriptorCount), 88);
	header.writeBigInt64LE(BigInt(descriptorsOffset), 96);
	header.writeBigInt64LE(BigInt(descriptorCount * descriptorSize), 104);
	header.writeBigInt64LE(BigInt(dataOffset), 112);
	header.writeBigInt64LE(BigInt(cursor - dataOffset), 120);

	layout.forEach(({object, offset, padded}, index) => {
		const descriptor = image.subarray(descriptorsOffset + index * descriptorSize, descriptorsOffset + (index + 1) * descriptorSize);
		descriptor.writeInt32LE(sifDataTypes[object.type], 0);
		descriptor.writeUInt8(1, 4);
		descriptor.writeUInt32LE(index + 1, 5);
		descriptor.writeUInt32LE(defaultGroup, 9);
		descriptor.writeUInt32LE(0, 13);
		descriptor.writeBigInt64LE(BigInt(offset), 17);
		descriptor.writeBigInt64LE(BigInt(object.data.length), 25);
		descriptor.writeBigInt64LE(BigInt(padded), 33);
		descriptor.writeBigInt64LE(seconds, 41);
		descriptor.writeBigInt64LE(seconds, 49);
		descriptor.write((object.name ?? '').slice(0, 127), 73, 'utf8');
		if (object.type === 'partition') {
			descriptor.writeInt32LE(object.fsType ?? 4, 201);
			descriptor.writeInt32LE(object.partitionType ?? 2, 205);
			descriptor.write(amd64, 209, 'latin1');
		}

		object.data.copy(image, offset);
	});
	return image;
}

export class SifFormatError extends Error {}

export function readSif(image: Buffer): SifImage {
	if (image.length < headerSize || image.toString('latin1', 32, 41) !== 'SIF_MAGIC') {
		throw new SifFormatError('not a SIF image (no SIF_MAGIC)');
	}

	if (image.toString('latin1', 42, 44) !== '01') {
		throw new SifFormatError(`unsupported SIF version ${JSON.stringify(image.toString('latin1', 42, 44))}`);
	}

	const total = Number(image.readBigInt64LE(88));
	const offset = Number(image.readBigInt64LE(96));
	if (total < 0 || total > 10_000 || offset + total * descriptorSize > image.length) {
		throw new SifFormatError('the descriptor table lies outside the file');
	}

	const names = Object.fromEntries(Object.entries(sifDataTypes).map(([name, value]) => [value, name])) as Record<number, SifDataType>;
	const descriptors: SifDescriptor[] = [];
	for (let index = 0; index < total; index++) {
		const raw = image.subarray(offset + index * descriptorSize, offset + (index + 1) * descriptorSize);
		if (raw.readUInt8(4) !== 1) {
			continue;
		}

		const type = names[raw.readInt32LE(0)] ?? 'unknown';
		descriptors.push({
			type,
			id: raw.readUInt32LE(5),
			groupId: raw.readUInt32LE(9),
			offset: Number(raw.readBigInt64LE(17)),
			size: Number(raw.readBigInt64LE(25)),
			name: raw.toString('utf8', 73, 201).replace(/\0.*$/s, ''),
			...(type === 'partition' ? {fsType: raw.readInt32LE(201), partitionType: raw.readInt32LE(205)} : {}),
		});
	}

	return {created: new Date(Number(image.readBigInt64LE(64)) * 1000), arch: image.toString('latin1', 45, 47), descriptors};
}

/** The contents of the first data object of a type, e.g. the definition file. */
export function sifObject(image: Buffer, type: SifDataType): Buffer | undefined {
	const descriptor = readSif(image).descriptors.find(candidate => candidate.type === type);
	if (!descriptor || descriptor.offset + descriptor.size > image.length) {
		return undefined;
	}

	return image.subarray(descriptor.offset, descriptor.offset + descriptor.size);
}
