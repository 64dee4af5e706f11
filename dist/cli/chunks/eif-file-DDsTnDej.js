import { q as openInputFile, E as EnclaveBuildError, u as fileError } from './main-BQHnxbfa.js';
import { r as readWhole } from './read-D5SN6HEp.js';
import { E as EIF_HEADER_SIZE, d as decodeHeader, S as SECTION_HEADER_SIZE } from './format-Da0K04aX.js';
import 'node:fs';
import 'node:fs/promises';

const fs = process.getBuiltinModule('node:fs');
/**
 * Reads an EIF for `nitro describe`, header first: a
 * 3 GB file that is not an EIF used to be read whole before "bad magic".
 * The 548-byte header is read and checked (magic, section count, every
 * section inside the file) before the rest is read.
 */
async function readEifFile(path) {
    const { fd, size } = openInputFile(path, 'EIF', {
        maxBytes: Number.POSITIVE_INFINITY
    });
    try {
        const head = Buffer.alloc(Math.min(size, EIF_HEADER_SIZE));
        fs.readSync(fd, head, 0, head.length, 0);
        const header = decodeHeader(head);
        for (let i = 0; i < header.numSections; i++) {
            const end = header.sectionOffsets[i] +
                BigInt(SECTION_HEADER_SIZE) +
                header.sectionSizes[i];
            if (end > BigInt(size))
                throw new EnclaveBuildError('EIF_INVALID', `section ${i} ends at byte ${end}, past the end of the ${size}-byte file; the EIF is truncated or not an EIF`);
        }
    }
    catch (err) {
        throw err instanceof EnclaveBuildError ? err : fileError(err, path, 'EIF');
    }
    finally {
        fs.closeSync(fd);
    }
    return readWhole(path, 'EIF');
}

export { readEifFile };
