namespace WhatsSuite.Application.Auth;

/// <summary>What a successful login answers: a bearer token and its lifetime in seconds.</summary>
public sealed record AccessTokenDto(string AccessToken, string TokenType, int ExpiresIn, bool MustChangePassword);
