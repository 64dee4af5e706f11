/**
 * GUIDs as OVMF and QEMU store them: the mixed-endian "bytes_le" form, where
 * the first three groups are little-endian and the last two are as written.
 */
/** The 16 bytes of a GUID string ("96b582de-1fb2-...") in bytes_le order. */
function guidBytesLe(guid) {
    const hex = guid.replace(/-/g, '');
    if (!/^[0-9a-fA-F]{32}$/.test(hex))
        throw new Error(`bad GUID ${guid}`);
    const b = Buffer.from(hex, 'hex');
    // Reverse the u32, u16, u16 groups; the 8 trailing bytes stay in order.
    return Uint8Array.from([
        b[3],
        b[2],
        b[1],
        b[0],
        b[5],
        b[4],
        b[7],
        b[6],
        ...b.subarray(8)
    ]);
}
/** The GUID string of 16 bytes_le bytes (inverse of guidBytesLe), lower case. */
function guidFromBytesLe(bytes) {
    const b = bytes;
    const h = (xs) => xs.map((x) => x.toString(16).padStart(2, '0')).join('');
    return [
        h([b[3], b[2], b[1], b[0]]),
        h([b[5], b[4]]),
        h([b[7], b[6]]),
        h([b[8], b[9]]),
        h([...b.subarray(10, 16)])
    ].join('-');
}
/** The GUIDs the launch measurement reads from the firmware. */
const GUIDS = {
    footerTable: '96b582de-1fb2-45f7-baea-a366c55a082d',
    sevHashTable: '7255371f-3a3b-4b04-927b-1da6efa8d454',
    sevEsResetBlock: '00f771de-1a7e-4fcb-890e-68c77e2fb44e',
    sevMetadata: 'dc886566-984a-4798-a75e-5585a7bf67cc',
    tdxMetadataOffset: 'e47a6535-984a-4798-865e-4685a7bf8ec2'
};

export { GUIDS as G, guidFromBytesLe as a, guidBytesLe as g };
