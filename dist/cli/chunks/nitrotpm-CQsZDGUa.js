import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { parseNitroDocument } from './nitro-D2u7FQiu.js';
import 'node:crypto';
import './node-index-HRdqsygv.js';
import 'node:stream';
import 'node:module';
import './types-Cg6oWdtl.js';
import './x509-CbNhd9ys.js';

/*
 * A NitroTPM attestation document (EC2 instances with NitroTPM, attestable
 * AMIs): the Nitro Enclaves document format — COSE_Sign1, ES384, signed
 * through the AWS Nitro Attestation PKI to the same pinned root — with the
 * instance's TPM PCRs (SHA-384 bank, all 24) under "nitrotpm_pcrs" instead
 * of "pcrs" (AWS EC2 docs, nitrotpm-attestation-document-validate). The
 * UKI's PCR4 identifies the boot chain, so it is the measurement looked up;
 * PCR7, PCR11 and PCR12 are cross-checked when the attestation records them.
 */
/** Parses and verifies a NitroTPM document; PCR4 is its measurement. */
function parseNitroTpmDocument(bytes, options = {}) {
    const doc = parseNitroDocument(bytes, {
        ...options,
        pcrsKey: 'nitrotpm_pcrs'
    });
    const pcr4 = doc.registers.find((r) => r.name === 'PCR4');
    if (!pcr4)
        throw new EnclaveBuildError('EVIDENCE_INVALID', 'the nitrotpm evidence is malformed: it has no 48-byte PCR4. Pass the NitroTPM attestation document as nitro-tpm-attest wrote it');
    const { pcrs, ...fields } = doc.fields;
    return {
        ...doc,
        type: 'nitrotpm',
        measurement: pcr4,
        fields: { ...fields, nitrotpmPcrs: pcrs }
    };
}

export { parseNitroTpmDocument };
