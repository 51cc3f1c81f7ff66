import Crypto
import Foundation
import HummingbirdBcrypt

/// The few cryptographic steps the workspace and the web server take, in one place so that each
/// is written once.
public enum Secrets {
    /// 32 random bytes from the system's cryptographic generator (swift-crypto's key generation),
    /// as base64url without padding (43 characters): safe in a cookie and in a form field.
    public static func randomToken() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { base64url(Data($0)) }
    }

    static func base64url(_ data: Data) -> String {
        var s = data.base64EncodedString()
        s = s.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while s.hasSuffix("=") { s.removeLast() }
        return s
    }

    /// The SHA-256 of a session token, as lowercase hex: what the session table stores instead of
    /// the token. A token has 256 random bits, so no salt or slow hash is needed: nobody can guess
    /// a token from its digest, and the digest is useless as a cookie.
    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Equality whose time depends only on the lengths, not on where the strings first differ.
    /// - Complexity: O(max(a.utf8.count, b.utf8.count)).
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for k in 0..<max(x.count, y.count) {
            difference |= (k < x.count ? x[k] : 0) ^ (k < y.count ? y[k] : 0)
        }
        return difference == 0
    }

    /// The cost inside a bcrypt hash (`$2b$12$...`), nil if the text is not one.
    static func bcryptCost(of hash: String) -> UInt8? {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, parts[1].hasPrefix("2"), let cost = UInt8(parts[2]) else { return nil }
        return cost
    }
}

/// A bcrypt hash of a fixed text at one cost, made on first use. An unknown user name is checked
/// against it, so that the answer takes as long as for a known name with a wrong password.
/// Made lazily because it costs as much as a sign-in (a quarter second at cost 12), which
/// `relmap users list` should not pay.
final class DecoyHash: @unchecked Sendable {
    private let lock = NSLock()
    private var hash: String?
    private let cost: UInt8

    init(cost: UInt8) { self.cost = cost }

    var value: String {
        lock.lock()
        defer { lock.unlock() }
        if let hash { return hash }
        let made = Bcrypt.hash("relmap decoy password \(UUID().uuidString)", cost: cost)
        hash = made
        return made
    }
}

/// How many bcrypt checks a workspace has run: lets tests see that an unknown name costs the same
/// check as a wrong password, without timing anything.
final class CheckCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
