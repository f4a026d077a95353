"""Referrals that cross organisations, as files: the use cases on top of casework/exchange.

`partners`: this organisation's card, partners' cards, verification. `outgoing`: a sent
referral as a packet. `incoming`: open a received file, record its referral or apply its answer.
`answers`: an incoming referral's answer as a packet. `describe`: what a packet carries, as
labelled lines for the preview (UI and CLI show the same thing).
"""
