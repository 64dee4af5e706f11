import { crc32 } from 'node:zlib';
import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { d as decodeHeader, c as EIF_VERSION, C as CRC_OFFSET, f as decodeSectionHeader, E as EIF_HEADER_SIZE, S as SECTION_HEADER_SIZE } from './format-Da0K04aX.js';
import { d as decodeMetadata } from './metadata-GY8vYBb3.js';
import { m as measureSectionsSync } from './pcr-ClYbwWw4.js';
import { parseSignatureSection, verifyPcr0Signature } from './signature-BP9Xmm9_.js';
import 'node:crypto';
import './digest-worker-BWbgCEkR.js';
import './node-index-HRdqsygv.js';
import 'node:stream';
import 'node:module';

function invalid(message) {
    return new EnclaveBuildError('EIF_INVALID', message);
}
/** Walks the sections and checks them against the header's table. */
function walk(bytes, header) {
    const sections = [];
    let at = EIF_HEADER_SIZE;
    while (at < bytes.length) {
        const s = decodeSectionHeader(bytes, at);
        const start = at + SECTION_HEADER_SIZE;
        if (s.size > BigInt(bytes.length - start))
            throw invalid(`${s.type} section at byte ${at} claims ${s.size} bytes but the file ends first; the EIF is truncated`);
        if (s.flags !== 0)
            throw invalid(`${s.type} section at byte ${at} has flags ${s.flags}; must be 0`);
        const size = Number(s.size);
        const i = sections.length;
        if (i >= header.numSections)
            throw invalid(`more sections in the file than the ${header.numSections} the header declares`);
        if (header.sectionOffsets[i] !== BigInt(at) ||
            header.sectionSizes[i] !== s.size)
            throw invalid(`section ${i} (${s.type}) is at byte ${at} with ${size} bytes, but the header table says ${header.sectionOffsets[i]} / ${header.sectionSizes[i]}`);
        sections.push({
            type: s.type,
            offset: at,
            size,
            data: bytes.subarray(start, start + size)
        });
        at = start + size;
    }
    if (sections.length !== header.numSections)
        throw invalid(`the header declares ${header.numSections} sections but the file holds ${sections.length}; the EIF is truncated`);
    return sections;
}
function only(sections, type) {
    const found = sections.filter((s) => s.type === type);
    if (found.length > 1)
        throw invalid(`the EIF has ${found.length} ${type} sections; at most one is allowed`);
    return found[0];
}
/** Parses and checks an EIF held in memory. */
function readEif(bytes) {
    const header = decodeHeader(bytes);
    if (header.version < 1 || header.version > EIF_VERSION)
        throw invalid(`EIF version ${header.version} is not supported (1 to ${EIF_VERSION})`);
    const sections = walk(bytes, header);
    const kernel = only(sections, 'Kernel');
    const cmdline = only(sections, 'Cmdline');
    if (!kernel || !cmdline)
        throw invalid('the EIF lacks a kernel or a cmdline section');
    const ramdisks = sections.filter((s) => s.type === 'Ramdisk');
    if (ramdisks.length === 0)
        throw invalid('the EIF has no ramdisk section');
    const meta = only(sections, 'Metadata');
    const sig = only(sections, 'Signature');
    const signature = sig ? parseSignatureSection(sig.data) : undefined;
    const pcrs = measureSectionsSync({
        kernel: [kernel.data],
        cmdline: cmdline.data,
        ramdisks: ramdisks.map((r) => [r.data]),
        certificateDer: signature?.certificateDer
    });
    const computedCrc32 = crc32(bytes.subarray(CRC_OFFSET + 4), crc32(bytes.subarray(0, CRC_OFFSET)));
    return {
        header,
        sections,
        pcrs,
        computedCrc32,
        crcOk: computedCrc32 === header.crc32,
        metadata: meta ? decodeMetadata(meta.data) : undefined,
        signature,
        signatureOk: signature
            ? verifyPcr0Signature(signature, pcrs.PCR0)
            : undefined
    };
}

export { readEif };
