<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/../src/Cart.php';

final class CartTest extends TestCase
{
    public function testAddsPrices(): void
    {
        work(0.2);
        $cart = new Cart();
        $cart->add('a', 250);
        $cart->add('b', 99);
        $this->assertSame(349, $cart->total());
    }

    public function testRefusesNegativePrices(): void
    {
        $this->expectException(InvalidArgumentException::class);
        (new Cart())->add('a', -1);
    }

    /** @dataProvider counts */
    public function testSumsRepeatedItems(int $times, int $expected): void
    {
        $cart = new Cart();
        for ($i = 0; $i < $times; $i++) {
            $cart->add('a', 10);
        }
        $this->assertSame($expected, $cart->total());
    }

    /** @return array<string, array{int, int}> */
    public static function counts(): array
    {
        return ['none' => [0, 0], 'three' => [3, 30]];
    }
}
