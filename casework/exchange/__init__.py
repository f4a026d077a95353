"""Signed, encrypted files that carry referrals and their answers between organisations.

No Qt and no database here: this package turns plain values into bytes and bytes back into
checked plain values. `keys` holds an organisation's key pairs and their fingerprint, `card` the
organisation card (public keys + name, self-signed), `packet` the sealed envelope (sign, then
encrypt to the recipient), `content` the checked shape of what a referral or an answer carries.
Every cryptographic step is libsodium's through PyNaCl (Ed25519 signatures, sealed boxes);
nothing here builds a cipher by hand. The file format is described in docs/exchange-format.md.
"""
