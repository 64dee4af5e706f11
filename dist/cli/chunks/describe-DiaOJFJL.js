import { resolve } from 'node:path';
import { p as parse, d as required, b as printJson } from './main-BQHnxbfa.js';
import { m as measurements, p as printPcrs } from './common-Ci8ZxLLG.js';
import './read-D5SN6HEp.js';
import 'node:fs';
import 'node:fs/promises';

/** `nitro describe`: like nitro-cli describe-eif, from the file alone. */
const nitroDescribe = async (args, io) => {
    const { values: v } = parse(args, {
        eif: {
            type: 'string',
            arg: 'FILE',
            file: 'image',
            help: 'The EIF to describe.'
        },
        'eif-path': {
            type: 'string',
            arg: 'FILE',
            file: 'image',
            help: "The same, by nitro-cli describe-eif's name."
        },
        json: {
            type: 'boolean',
            default: false,
            help: 'Print the description as JSON (nitro-cli describe-eif keys).'
        }
    });
    const path = required(v.eif ?? v['eif-path'], '--eif');
    // The reader verifies signatures (CBOR, X.509): loaded only for describe,
    // so that `nitro build` starts without them.
    const { readEif } = await import('./eif-reader-BXu-r4o4.js');
    const { readEifFile } = await import('./eif-file-DDsTnDej.js');
    const info = readEif(await readEifFile(resolve(io.cwd, path)));
    const meta = info.metadata;
    const out = {
        EifVersion: info.header.version,
        Measurements: measurements(info.pcrs),
        IsSigned: info.signature !== undefined,
        CheckCRC: info.crcOk
    };
    if (info.signature) {
        const c = info.signature.certificate;
        out.SignatureCheck = info.signatureOk;
        out.SigningCertificate = {
            Subject: c.subject,
            Issuer: c.issuer,
            NotBefore: c.validFrom,
            NotAfter: c.validTo,
            Fingerprint256: c.fingerprint256
        };
    }
    if (meta) {
        out.ImageName = meta.ImageName;
        out.ImageVersion = meta.ImageVersion;
        out.Metadata = meta;
    }
    out.Crc32 = info.header.crc32.toString(16).padStart(8, '0');
    out.Flags = info.header.flags;
    out.Arch = info.header.flags & 1 ? 'aarch64' : 'x86_64';
    out.NumSections = info.header.numSections;
    out.SectionOffsets = info.sections.map((s) => s.offset);
    out.SectionSizes = info.sections.map((s) => s.size);
    out.SectionTypes = info.sections.map((s) => s.type);
    if (v.json)
        printJson(io, out);
    else {
        io.stdout(`EIF version ${info.header.version}, ${out.Arch}, CRC ${info.crcOk ? 'ok' : 'MISMATCH'}${info.signature ? `, signed (signature ${info.signatureOk ? 'ok' : 'INVALID'})` : ''}\n`);
        printPcrs(io, info.pcrs);
    }
    return 0;
};

export { nitroDescribe };
