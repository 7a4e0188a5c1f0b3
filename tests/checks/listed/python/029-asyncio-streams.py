# expect: python-import-socket
import asyncio
from asyncio.streams import open_connection

async def main():
    reader, writer = await open_connection("10.1.2.3", 80)
    writer.write(b"GET / HTTP/1.0\r\n\r\n")
    print(await reader.read(100))

asyncio.run(main())
