// expect: node-net
import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp4');
sock.send(Buffer.from('ping'), 53, '8.8.8.8', () => sock.close());
