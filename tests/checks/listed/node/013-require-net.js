// expect: node-net
const net = require('net');

const sock = net.connect({ host: '10.0.0.5', port: 9000 }, () => {
  sock.write('hello\n');
});
sock.on('data', (d) => { console.log(d.toString()); sock.end(); });
