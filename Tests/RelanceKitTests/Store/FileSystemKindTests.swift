import Testing
@testable import RelanceKit

@Suite("FileSystemKind: an inbox on a network share is read, not mapped")
struct FileSystemKindTests {
    static let mounts = """
        /dev/sda1 / ext4 rw,relatime 0 0
        server:/exports/compta /mnt/compta nfs4 rw,relatime 0 0
        //nas/partage /mnt/nas\\040finance cifs rw 0 0
        me@host:/data /home/me/remote fuse.sshfs rw 0 0
        tmpfs /tmp tmpfs rw 0 0
        """

    @Test("the longest mount point that holds the folder gives its type", arguments: [
        ("/srv/relance/inbox", "ext4", false),
        ("/mnt/compta/inbox", "nfs4", true),
        ("/mnt/compta", "nfs4", true),
        ("/mnt/comptabilite/inbox", "ext4", false),
        ("/mnt/nas finance/inbox", "cifs", true),
        ("/home/me/remote/inbox", "fuse.sshfs", true),
        ("/tmp/relance-test/inbox", "tmpfs", false),
    ])
    func typeOfFolder(folder: String, type: String, network: Bool) {
        #expect(FileSystemKind.type(of: folder, inMounts: Self.mounts) == type)
        #expect(FileSystemKind.isNetworkType(FileSystemKind.type(of: folder, inMounts: Self.mounts)) == network)
    }
}
